/** One line of `ml-connector ping`: what was checked, how it went, and what to fix. */

type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  system: 'walmart' | 'peoplesoft';
  /** Short name, e.g. `dns marketplace.walmartapis.com`, `query MLC_OPEN_PO_LINES`. */
  check: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do when it is not ok. */
  fix?: string;
}

/** Collects results; `run` turns a thrown error into a failed check (and never lets it escape). */
export class CheckList {
  readonly results: CheckResult[] = [];

  constructor(private readonly onResult: (r: CheckResult) => void = () => {}) {}

  add(r: CheckResult): CheckResult {
    this.results.push(r);
    this.onResult(r);
    return r;
  }

  /** Runs one check; `describeFailure` turns an error into the failed line. Returns whether it passed. */
  async run(
    system: CheckResult['system'],
    check: string,
    fn: () => Promise<{ status?: CheckStatus; detail: string; fix?: string }>,
    describeFailure: (e: unknown) => { detail: string; fix?: string },
  ): Promise<boolean> {
    try {
      const r = await fn();
      const status = r.status ?? 'ok';
      this.add({ system, check, status, detail: r.detail, ...(r.fix ? { fix: r.fix } : {}) });
      return status !== 'fail';
    } catch (e) {
      this.add({ system, check, status: 'fail', ...describeFailure(e) });
      return false;
    }
  }

  /** Records checks that could not run because an earlier one failed. */
  skip(system: CheckResult['system'], checks: string[], because: string): void {
    for (const check of checks)
      this.add({ system, check, status: 'skip', detail: `not checked: ${because}` });
  }

  failed(): boolean {
    return this.results.some((r) => r.status === 'fail');
  }
}
