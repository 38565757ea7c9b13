// A reporter of the browser tests: per engine, how many tests passed, failed and were skipped (with the reasons
// the tests gave, see `skipIn`), and how long the engine's files took. Tests left out by a filter (-t) are
// counted apart.
import type { Reporter, TestModule } from 'vitest/node';

interface Tally {
  passed: number;
  failed: number;
  /** reason → how many tests */
  skipped: Map<string, number>;
  notSelected: number;
  ms: number;
}

export default class EngineSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const engines = new Map<string, Tally>();
    for (const module of modules) {
      const name = module.project.name;
      const tally = engines.get(name) ?? { passed: 0, failed: 0, skipped: new Map(), notSelected: 0, ms: 0 };
      engines.set(name, tally);
      tally.ms += module.diagnostic().duration;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') tally.passed++;
        else if (result.state === 'failed') tally.failed++;
        else if (result.state === 'skipped' && result.note) {
          const reason = `${test.name}: ${result.note}`;
          tally.skipped.set(reason, (tally.skipped.get(reason) ?? 0) + 1);
        } else tally.notSelected++;
      }
    }
    const lines = ['', 'Browser tests per engine:'];
    for (const [name, t] of engines) {
      const skipped = [...t.skipped.values()].reduce((a, b) => a + b, 0);
      const notSelected = t.notSelected ? ` (${t.notSelected} not selected)` : '';
      const time = `${(t.ms / 1000).toFixed(0)} s`;
      lines.push(
        `  ${name.padEnd(9)} ${t.passed} passed, ${t.failed} failed, ${skipped} skipped${notSelected}, ${time}`,
      );
      for (const reason of t.skipped.keys()) lines.push(`    skipped: ${reason}`);
    }
    console.log(lines.join('\n'));
  }
}
