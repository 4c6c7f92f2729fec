// Prints one plain closing line, "jest: N passed, N failed", that CI tools can read.
// Jest's own summary goes to stderr after this, so a runner reading the closing lines of
// the combined output may not see ours last; with JEST_SUMMARY_FILE set the line is also
// written there, and .ci/run prints it as its very last line.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest loads reporters as CommonJS.
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped ? `, ${skipped} skipped` : '';
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`;
    process.stdout.write(line);
    if (process.env.JEST_SUMMARY_FILE) fs.writeFileSync(process.env.JEST_SUMMARY_FILE, line);
  }
}
module.exports = SummaryReporter;
