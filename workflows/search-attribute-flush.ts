/**
 * One search-attribute upsert per workflow task at most, and none when nothing visible changed
 * (runs since `search-attributes-once-per-task`, lean-session.ts). Each upsert is a billed Action,
 * however many keys it carries; several publish() calls in one task (a booking handler and the
 * timeline it wakes; the last step and the end) need only the last state. The start's own
 * attributes (app/enrollment-service.ts `startSearchAttributes`) are free, so a run whose state
 * still matches them upserts nothing until its first step.
 *
 * publish() marks the attributes stale; a watcher upserts them once the timeline is blocked
 * (the task's other work done), and the timeline flushes itself before it ends or continues as new.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { searchAttributesOf } from './publish';
import type { RunState } from './run-state';

/** Upserts what changed since the last upsert (or the start), if anything is stale. */
export function flushSearchAttributes(run: RunState): void {
  if (!run.attributesStale) return;
  run.attributesStale = false;
  const wanted = [...searchAttributesOf(run), ...run.pendingAttributes.splice(0)];
  const current = workflowInfo().typedSearchAttributes;
  const changed = wanted.filter((pair) => !sameValue(current.get(pair.key), pair.value));
  if (changed.length) upsertSearchAttributes(changed);
}

/**
 * Started once with the run: waits for stale attributes, then lets the other work woken in the
 * same round of the task run first (one more round of conditions), then upserts once.
 */
export function keepSearchAttributesPublished(run: RunState): void {
  void (async () => {
    for (;;) {
      await condition(() => run.attributesStale);
      let roundOver = false;
      const nextRound = condition(() => roundOver);
      roundOver = true;
      await nextRound;
      flushSearchAttributes(run);
    }
  })();
}

function sameValue(current: unknown, wanted: SearchAttributeUpdatePair['value']): boolean {
  if (wanted === null || wanted === undefined) return current === undefined || current === null;
  if (wanted instanceof Date) return current instanceof Date && current.getTime() === wanted.getTime();
  if (Array.isArray(wanted)) return Array.isArray(current) && current.length === wanted.length && wanted.every((v, i) => current[i] === v);
  return current === wanted;
}
