import type { ItemMap } from './item-mapping.ts';
import type { MatchingRules } from './match-order-line.ts';

/**
 * The settings a line decision reads: the business unit its transactions go to and the matching rules.
 * Structural, so the loaded configuration passes as it is and a test passes only what matters.
 */
export interface DecisionSettings {
  peoplesoft: { businessUnit: string };
  matching: MatchingRules & { items: ItemMap };
}
