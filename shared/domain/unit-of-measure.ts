/** Walmart unit → PeopleSoft unit of measure, as configured in `matching.units`. */
export type UnitMap = Readonly<Record<string, string>>;

/** Walmart sells by the each; these always map, whatever the site adds. */
const BUILT_IN: UnitMap = { EACH: 'EA', EA: 'EA' };

/**
 * The PeopleSoft unit of measure for a Walmart unit, or undefined when neither the configuration nor the
 * built-in `EACH`/`EA` → `EA` rule knows it. Lookup ignores case and surrounding blanks.
 */
export function mapUnit(walmartUnit: string, units: UnitMap): string | undefined {
  const raw = walmartUnit.trim();
  if (units[raw] !== undefined) return units[raw];
  const upper = raw.toUpperCase();
  for (const [from, to] of Object.entries(units)) {
    if (from.trim().toUpperCase() === upper) return to;
  }
  return BUILT_IN[upper];
}
