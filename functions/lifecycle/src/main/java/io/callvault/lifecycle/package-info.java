/**
 * Lifecycle rules at work (issue 7, docs/lifecycle.md): the scheduler tick, the runs API, and the tasks of
 * {@code statemachines/lifecycle.asl.json}: start a run, select a page of candidates, back them up, purge them,
 * finish the run with its report.
 */
package io.callvault.lifecycle;
