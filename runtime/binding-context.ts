/**
 * The `BindingContext` a v1 binding runs against. Bindings name 2.x operations by canonical
 * (2.10) operationId and fill path parameters by position; here each call is resolved through the
 * v1 entry's `resolvedCalls` to this registry's operation, its positional path values are given the
 * target's own path parameter names, and the translated params are coerced and validated against
 * the target's paramsSchema: a translation bug is an INVALID_PARAMS error, never a request.
 */
import type { BindingContext, CallOptions, LegacyRequest, Pages, TargetRequest } from './binding-api.js';
import { InvalidParamsError, UnsupportedError } from './errors.js';
import { copyParams, validateLoadedParams, type Params } from './params.js';
import { buildRouteRequest, expandRoute, serializeQuery } from './request.js';
import type { ApiOperationEntry, V1OperationEntry, WireParameter } from './registry-types.js';
import { PageStream, type Execution } from './execution.js';

export class RuntimeBindingContext implements BindingContext {
  constructor(
    private readonly entry: V1OperationEntry,
    private readonly execution: Execution,
  ) {}

  get operation(): string {
    return this.entry.name;
  }

  /** `run()` or `iterate()`: what the execution was started for. */
  get mode(): 'run' | 'iterate' {
    return this.execution.mode;
  }

  get maxItems(): number {
    return this.execution.options.maxItems;
  }

  /** Canonical operationId → this registry's API entry, via the v1 entry's resolvedCalls. */
  private resolve(target: string): ApiOperationEntry {
    const resolved =
      this.entry.resolvedCalls.find((call) => call.target === target) ??
      this.entry.resolvedCalls.find((call) => call.name === target);
    const entry = resolved ? this.execution.registry.get(resolved.name) : undefined;
    if (!resolved || !entry || entry.kind !== 'api') {
      throw new UnsupportedError(
        `${this.operation}: its binding calls ${target}, which is not among the operations it resolved to in ${this.execution.registry.version}`,
        { operation: this.operation },
      );
    }
    return entry;
  }

  /** Positional request → the target's flat params, coerced and validated against its own schema. */
  private translate(target: string, request: TargetRequest): { entry: ApiOperationEntry; params: Params } {
    const entry = this.resolve(target);
    const pathNames = entry.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const path = request.path ?? [];
    if (path.length !== pathNames.length) {
      throw new InvalidParamsError(
        `${this.operation}: ${entry.name} takes ${pathNames.length} path value(s) (${entry.path}), the binding gave ${path.length}`,
        { operation: this.operation, issues: [{ path: '', message: `${entry.name} takes ${pathNames.length} path value(s)` }] },
      );
    }
    const raw: Params = { ...(request.query ?? {}) };
    pathNames.forEach((name, index) => {
      if (path[index] !== undefined) raw[name] = path[index];
    });
    if (request.body !== undefined) raw.$body = request.body;
    const params = validateLoadedParams(copyParams(raw, entry.name), entry.paramsSchema, this.execution.registry.validators, entry.name, {
      context: `(request ${this.operation} translated for ${entry.name})`,
    });
    return { entry, params };
  }

  /**
   * `then` names canonical operationIds; the plan names steps as this registry does (its requests
   * are named that way too: `lisDataAttributes` is `listDataAttributes` in 2.11). Legacy routes
   * (`DELETE /visitors/{}`) and names this version does not resolve are kept as written.
   */
  private stepNames(then: readonly string[] | undefined): string[] | undefined {
    if (!then) return undefined;
    const names = then.map((step) => this.entry.resolvedCalls.find((call) => call.target === step)?.name ?? step);
    return [...new Set(names)];
  }

  validate(target: string, request: TargetRequest): void {
    this.translate(target, request);
  }

  async call(target: string, request: TargetRequest, options: CallOptions = {}): Promise<unknown> {
    const { entry, params } = this.translate(target, request);
    return await this.execution.callApi(entry, params, options.independent === true, this.stepNames(options.then));
  }

  list(target: string, request: TargetRequest): Pages {
    const { entry, params } = this.translate(target, request);
    return new PageStream(this.execution, entry, params);
  }

  async legacy(request: LegacyRequest, options: CallOptions = {}): Promise<unknown> {
    if (!this.entry.legacy) {
      throw new UnsupportedError(`${this.operation}: calls a legacy endpoint but is not marked legacy`, { operation: this.operation });
    }
    const path = expandRoute(this.operation, request.route, request.path, request.names);
    const parameters: WireParameter[] = Object.keys(request.query ?? {}).map((name) => ({
      name,
      in: 'query',
      required: false,
      style: 'form',
      explode: true,
    }));
    const query = serializeQuery(parameters, request.query ?? {});
    const wire = buildRouteRequest(this.operation, request.method, path, query, this.execution.options);
    const name = `legacy ${request.method} ${request.route}`;
    return await this.execution.exchange(wire, {
      name,
      readOnly: request.method === 'GET',
      independent: options.independent === true,
      then: this.stepNames(options.then),
    });
  }

  warn(field: string, message: string): void {
    this.execution.warn(field, message);
  }

  now(): number {
    return this.execution.now();
  }
}
