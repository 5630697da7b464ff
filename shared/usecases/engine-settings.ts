import type { DecisionSettings } from '../domain/index.ts';

/**
 * The settings the use cases read, and nothing else of the configuration: the loaded configuration passes
 * as it is (structurally), and a use case never depends on how the file is parsed.
 */
export interface EngineSettings extends DecisionSettings {
  peoplesoft: DecisionSettings['peoplesoft'] & {
    timeZone: string;
    poLookbackDays: number;
    receiptLoadTimeoutMinutes: number;
    transactionsPerMessage: number;
    timeoutMs: number;
    inDoubtGraceMinutes?: number | undefined;
  };
  orders: {
    overlapMinutes: number;
    initialLookbackDays: number;
    reverseCancelledAdjustments: boolean;
    busyRetrySeconds: number;
    maxBusyRetries: number;
  };
  inventory: { safetyStock: number; feedThreshold: number };
  walmart: { acknowledge: 'never' | 'matched' | 'all'; feedPollIntervalMs: number; feedTimeoutMs: number };
}
