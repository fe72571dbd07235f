/**
 * Ends a Jest run with one plain line, `<project>: N passed, N failed, N skipped`, which CI logs and
 * tools read without parsing Jest's own summary.
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const projects = [...new Set(results.testResults.map((file) => file.displayName?.name).filter(Boolean))];
    const label = projects.length === 1 ? projects[0] : 'jest';
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    console.log(`\n${label}: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped`);
  }
}
