/**
 * Lease owners of the embedded runtime name the process that holds them (`pid:{pid}@{host};…`), so a lease
 * left by a process that died — killed, or stopped by a signal mid-cycle — is taken over at once instead of
 * blocking every later run until it expires.
 */
import { hostname } from 'node:os';

const OWNER = /^pid:(\d+)@([^;]+);/;

/** The owner prefix of this process: use it as the engine's `owner` so every lease it takes names it. */
export function processOwnerTag(pid: number = process.pid, host: string = hostname()): string {
  return `pid:${pid}@${host};`;
}

/** True only when `owner` names a process on this host that no longer runs. */
export function isDeadLocalOwner(owner: string, host: string = hostname()): boolean {
  const m = OWNER.exec(owner);
  if (!m || m[2] !== host) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: the process exists under another user, so it still holds the lease.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
