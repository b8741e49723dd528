/**
 * The timeout of a request through the runtime's own fetch that has no caller's signal (the
 * common call), without an AbortSignal. undici pays for a request's signal on every call: a
 * WeakRef, a listener left on the signal until it collects the request, a FinalizationRegistry
 * entry (about 12 µs a call on real requests, bench/client-cpu.js). Such a request is given a
 * dispatcher of its own instead (fetch's `dispatcher` option, undici's), which hands it on to the
 * global dispatcher as fetch would and keeps the abort handle undici gives the request's handler
 * once a connection takes it. When the request's shared deadline (deadlines.ts) fires:
 * - a request on a connection is aborted through that handle: its fetch rejects, or its body
 *   errors, as with a signal;
 * - a request still waiting for its connection has no handle yet: the wait for its answer is given
 *   up at once, and the request is aborted before it is written when the connection comes (which
 *   closes that connection, as the signal's abort does), so it is never sent after its TIMEOUT;
 * - an answered request without a handle (a dispatcher that never connects, such as a mock) has
 *   its body ended through fetch's own handler.
 *
 * Only where undici's side of this is known: in undici 6 (Node 20 and 22) and undici 7 (Node 24)
 * fetch drives its dispatcher with v1 handlers (`onConnect(abort)`) and reads the global
 * dispatcher under Symbol.for('undici.globalDispatcher.1') (undici 7 keeps the same one under
 * `.2` too); undici 8 changed both. Elsewhere requests keep the
 * signal: under another undici, before the runtime's fetch has made its first request (undici
 * installs the global dispatcher then), and after a request showed that the fetch or the global
 * dispatcher speaks another protocol (a newer undici's fetch installed as the global one, a mock
 * that never hands out the handle).
 */
import type { Deadline, DeadlineWatcher } from './deadlines.js';
import { TIMED_OUT } from './deadlines.js';

/** What undici's dispatchers take and what its fetch reads of one (`isMockActive`: undici's MockAgent). */
interface Dispatcher {
  dispatch(options: object, handler: DispatchHandler): boolean;
  readonly isMockActive?: boolean;
}

/** Of a v1 handler: the method that receives the request's abort handle, and the one that fails it. */
interface DispatchHandler {
  onConnect?: (this: DispatchHandler, abort: (reason?: Error) => void, context?: unknown) => void;
  onError?: (this: DispatchHandler, error: Error) => void;
}

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
/** Where undici 8 and later keep their global dispatcher for v2 handlers (undici 7 keeps the one of `.1` there too). */
const GLOBAL_DISPATCHER_V2 = Symbol.for('undici.globalDispatcher.2');
/**
 * undici majors whose fetch's dispatcher protocol is the one above: checked by
 * test/timed-dispatch.test.ts, which .ci/run runs under the machine's Node (20: undici 6) and
 * under Node 24 (undici 7).
 */
const KNOWN_UNDICI_MAJORS: ReadonlySet<number> = new Set([6, 7]);
/** The protocol is the known one: the runtime's undici is, and no request has shown otherwise. */
let protocolKnown = KNOWN_UNDICI_MAJORS.has(Number(process.versions.undici?.split('.')[0]));

function globalDispatcher(symbol: symbol): Dispatcher | undefined {
  const dispatcher = (globalThis as Record<symbol, Dispatcher | undefined>)[symbol];
  return typeof dispatcher?.dispatch === 'function' ? dispatcher : undefined;
}

/** The dispatcher that times a request with this deadline without a signal, where one can. */
export function timedDispatch(deadline: Deadline): TimedDispatch | undefined {
  const dispatcher = protocolKnown ? globalDispatcher(GLOBAL_DISPATCHER) : undefined;
  return dispatcher && new TimedDispatch(deadline, dispatcher);
}

/** What undici is told when a timed request is aborted (the attempt reports TIMEOUT by `timedOut`). */
function timeoutReason(): Error {
  return new DOMException('The request timed out.', 'TimeoutError');
}

/** One request's dispatcher, watching its deadline; `done()` once the request has settled. */
export class TimedDispatch implements DeadlineWatcher {
  /** The deadline fired before the request settled. */
  timedOut = false;
  private handler: DispatchHandler | undefined;
  private abortRequest: ((reason?: Error) => void) | undefined;
  private giveUp: ((reason: unknown) => void) | undefined;
  private answered = false;

  constructor(
    private readonly deadline: Deadline,
    private readonly dispatcher: Dispatcher,
  ) {
    deadline.watchers.add(this);
  }

  get isMockActive(): boolean | undefined {
    return this.dispatcher.isMockActive;
  }

  /**
   * The deadline can end this request's body: through the abort handle, or through fetch's handler
   * (a mock). False when the fetch never reached this dispatcher (a fetch wrapped around the
   * runtime's) or went past it (a v2 handler): then the body is raced against the deadline's signal.
   */
  get endsBody(): boolean {
    return this.abortRequest !== undefined || this.handler !== undefined;
  }

  dispatch(options: object, handler: DispatchHandler): boolean {
    const onConnect = handler.onConnect;
    if (typeof onConnect !== 'function') {
      // Not a v1 handler: a newer undici's fetch installed as the global one. Later requests
      // carry the signal; this one goes where that fetch sends it by default (the dispatcher this
      // one hands requests on to may refuse the handler), its body raced against the deadline's signal.
      protocolKnown = false;
      const v2 = globalDispatcher(GLOBAL_DISPATCHER_V2);
      if (!v2) throw new TypeError('intercom-ops: a dispatch handler of an undici this runtime does not know, and no global dispatcher for it');
      return v2.dispatch(options, handler);
    }
    this.handler = handler;
    const timed = this;
    handler.onConnect = function (abort, context) {
      // Timed out while waiting for this connection: not written at all.
      if (timed.timedOut) return abort(timeoutReason());
      timed.abortRequest = abort;
      return onConnect.call(this, abort, context);
    };
    return this.dispatcher.dispatch(options, handler);
  }

  /** The fetch's answer, or TIMED_OUT as soon as the deadline fires. */
  untilDeadline(fetching: Promise<Response>): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.giveUp = reject;
      fetching.then((response) => {
        this.answered = true;
        // Answered without the handle: a dispatcher that never connects. Later requests carry the signal.
        if (!this.abortRequest) protocolKnown = false;
        // Given up on already: nobody reads this body.
        if (this.timedOut) void response.body?.cancel().catch(() => {});
        resolve(response);
      }, reject);
    });
  }

  expire(): void {
    this.timedOut = true;
    // The wait ends first: an abort that throws (a caller's dispatcher) must not leave the call hanging.
    this.giveUp?.(TIMED_OUT);
    const reason = timeoutReason();
    if (this.abortRequest) this.abortRequest(reason);
    else if (this.answered) this.handler?.onError?.(reason);
  }

  done(): void {
    this.deadline.watchers.delete(this);
    this.handler = undefined;
    this.abortRequest = undefined;
    this.giveUp = undefined;
  }
}
