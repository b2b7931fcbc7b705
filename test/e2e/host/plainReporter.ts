// A mocha reporter for the extension host: VS Code relays the host's console without printf formatting,
// so this prints finished lines, and it writes every outcome to the JSON file named by
// MINI_CODER_E2E_RESULTS for the runner outside to read.
import * as fs from 'node:fs';
import Mocha from 'mocha';

export interface HostTestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface HostTestResults {
  passed: number;
  failed: number;
  pending: number;
  tests: HostTestOutcome[];
}

export class PlainReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const tests: HostTestOutcome[] = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => {
      tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      console.log(`  ok    ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => {
      tests.push({ title: test.fullTitle(), state: 'pending' });
      console.log(`  skip  ${test.fullTitle()}`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error: Error) => {
      const detail = error.stack ?? String(error);
      tests.push({ title: test.fullTitle(), state: 'failed', error: detail });
      console.log(`  FAIL  ${test.fullTitle()}\n${detail}`);
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const count = (state: HostTestOutcome['state']): number => tests.filter((t) => t.state === state).length;
      const results: HostTestResults = { passed: count('passed'), failed: count('failed'), pending: count('pending'), tests };
      console.log(`extension host: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
      const file = process.env.MINI_CODER_E2E_RESULTS;
      if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
    });
  }
}
