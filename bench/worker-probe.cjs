// Preloaded into the bench's worker process (`node --expose-gc --require bench/worker-probe.cjs
// --import tsx worker/main.ts`); Node also runs it in every worker thread, the SDK's workflow thread
// included (where the cached workflows live).
// - Main thread: answers { type: 'bench-memory', id, gc } IPC messages with process.memoryUsage()
//   and the V8 heap of every thread. With gc: true it first runs a full GC in every thread (over a
//   BroadcastChannel) and in the main thread; without, it reports memory as it is.
// - With BENCH_SDK_DEFAULT_CACHE=1, leaves the SDK's own maxCachedWorkflows default in force (below).
// - With BENCH_HOLD_WORKFLOWS=1, the workflow worker is created (bundle loaded, threads up) but polls
//   only once a { type: 'bench-poll' } message arrives (below).
'use strict';
const { isMainThread, threadId } = require('node:worker_threads');
const v8 = require('node:v8');

const channel = new BroadcastChannel('aftercare-bench-memory');
channel.unref();

const fullGc = () => {
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
};

if (!isMainThread) {
  channel.onmessage = (event) => {
    const m = event.data;
    if (!m || m.type !== 'heap?') return;
    if (m.gc) fullGc();
    const h = v8.getHeapStatistics();
    channel.postMessage({ type: 'heap', id: m.id, threadId, used: h.used_heap_size, total: h.total_heap_size });
  };
} else {
  const threadHeaps = new Map();
  channel.onmessage = (event) => {
    const m = event.data;
    if (m && m.type === 'heap') threadHeaps.get(m.id)?.push(m);
  };
  // Threads seen answering so far: later requests wait for at least as many (up to 15 s, since a
  // full GC of a big workflow heap takes a while).
  let knownThreads = 0;
  process.on('message', (message) => {
    if (!message || message.type !== 'bench-memory') return;
    const replies = [];
    threadHeaps.set(message.id, replies);
    channel.postMessage({ type: 'heap?', id: message.id, gc: Boolean(message.gc) });
    const started = Date.now();
    const poll = setInterval(() => {
      const waited = Date.now() - started;
      if (!(waited >= 15000 || (waited >= 500 && replies.length >= knownThreads))) return;
      clearInterval(poll);
      threadHeaps.delete(message.id);
      knownThreads = Math.max(knownThreads, replies.length);
      if (message.gc) fullGc();
      const mem = process.memoryUsage();
      process.send({
        type: 'bench-memory',
        id: message.id,
        memory: {
          rss: mem.rss,
          heapUsed: mem.heapUsed,
          heapTotal: mem.heapTotal,
          external: mem.external,
          arrayBuffers: mem.arrayBuffers,
          threads: replies.length,
          threadHeapUsed: replies.reduce((a, r) => a + r.used, 0),
          threadHeapTotal: replies.reduce((a, r) => a + r.total, 0),
        },
      });
    }, 100);
  });

  // BENCH_SDK_DEFAULT_CACHE=1: the workflow worker without worker/main.ts's maxCachedWorkflows
  // (WORKER_MAX_CACHED_WORKFLOWS), so the SDK sizes its cache from the V8 heap limit as it would by
  // default. For comparison only; nothing else of the worker changes.
  if (process.env.BENCH_SDK_DEFAULT_CACHE === '1') {
    const { Worker } = require('@temporalio/worker');
    const create = Worker.create.bind(Worker);
    Worker.create = (options) => {
      if (!(options.workflowBundle || options.workflowsPath)) return create(options);
      const { maxCachedWorkflows: _configured, ...rest } = options;
      return create(rest);
    };
  }

  // BENCH_HOLD_WORKFLOWS=1: the workflow worker's run() waits for a { type: 'bench-poll' } message.
  // So the bench can sample an idle worker that has everything loaded, then start workflows with
  // no worker taking their tasks (the import is timed alone), then let this same process run them.
  // The texts' workers poll as usual; nothing is due while the workflows wait.
  if (process.env.BENCH_HOLD_WORKFLOWS === '1') {
    const { Worker } = require('@temporalio/worker');
    let release;
    const released = new Promise((resolve) => {
      release = resolve;
    });
    process.on('message', (message) => {
      if (message && message.type === 'bench-poll') release();
    });
    const create = Worker.create.bind(Worker);
    Worker.create = async (options) => {
      const worker = await create(options);
      if (options.workflowBundle || options.workflowsPath) {
        const run = worker.run.bind(worker);
        worker.run = () => released.then(run);
      }
      return worker;
    };
  }
}
