import { describeAuditTrailContract } from '../../test/contracts/audit-trail.contract.ts';
import { MemoryAuditTrail } from './memory-audit-trail.ts';

describeAuditTrailContract('MemoryAuditTrail', async () => ({
  audit: new MemoryAuditTrail(),
  cleanup: async () => {},
}));
