/**
 * The transitions of window-budget.ts as one Redis Lua script, so that every worker's acquire and
 * learn is one atomic round trip on the shared state (a hash per workspace). Kept line by line
 * parallel to the TypeScript; test/rate-budget-lua.test.ts runs both on the same random call
 * sequences and compares every answer and the state after it.
 *
 * KEYS[1]  the workspace's budget hash
 * KEYS[2]  the workspace's workers (sorted set: worker id → when it last took a slot)
 * ARGV     op ("acquire" | "learn" | "release"), now (epoch ms), ttl (ms the keys outlive their
 *          last use), worker id, the state fields to start from when the hash is absent (the
 *          caller's local view), then the op's arguments:
 *            acquire: maxWaitMs
 *            learn:   status, limit, remaining, reset, durationMs (absent values as "")
 *            release: slotEnd
 * Answers  { granted, waitMs, slotEnd, recheck, workers active in the last WORKER_TTL_MS, ...the
 *          state fields after the op }. The worker count is each process's share of the budget
 *          while Redis is away.
 */
import { createHash } from 'node:crypto';
import {
  ASSUMED_WINDOW_MS,
  EDGE_GUARD_MS,
  MAX_EDGE_GUARD_MS,
  MAX_SKEW_MS,
  MODE_ASSUMED,
  MODE_LEARNED,
  MODE_UNMETERED,
  RECHECK_MS,
  SEND_MARGIN_MS,
  SKEW_STEP_MS,
  type BudgetState,
} from './window-budget.js';

/** Hash fields, in the order the script reads and answers them. */
/** A worker that has not taken a slot for this long no longer counts as sharing the budget. */
export const WORKER_TTL_MS = 30_000;

export const STATE_FIELDS = ['limit', 'windowMs', 'windowEnd', 'taken', 'mode', 'lastReset', 'windowMeasured', 'windowEndKnown', 'guardMs', 'skewMs'] as const satisfies readonly (keyof BudgetState)[];

export const BUDGET_SCRIPT = `
local FIELDS = {${STATE_FIELDS.map((f) => `'${f}'`).join(', ')}}
local MARGIN, MIN_GUARD, MAX_GUARD, SKEW_STEP, MAX_SKEW, RECHECK, WINDOW = ${SEND_MARGIN_MS}, ${EDGE_GUARD_MS}, ${MAX_EDGE_GUARD_MS}, ${SKEW_STEP_MS}, ${MAX_SKEW_MS}, ${RECHECK_MS}, ${ASSUMED_WINDOW_MS}
local ASSUMED, LEARNED, UNMETERED = ${MODE_ASSUMED}, ${MODE_LEARNED}, ${MODE_UNMETERED}

local op, now, ttl, worker = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local s = {}
local stored = redis.call('HMGET', KEYS[1], unpack(FIELDS))
for i, f in ipairs(FIELDS) do s[f] = tonumber(stored[i]) or tonumber(ARGV[4 + i]) end
local arg = 5 + #FIELDS

local function roll()
  if now < s.windowEnd then return end
  local windows = math.floor((now - s.windowEnd) / s.windowMs) + 1
  s.taken = math.max(0, s.taken - windows * s.limit)
  s.windowEnd = s.windowEnd + windows * s.windowMs
  if s.windowMeasured == 0 then s.windowEndKnown = 0 end
end

local function optional(v)
  if v == nil or v == '' then return nil end
  return tonumber(v)
end

local granted, waitMs, slotEnd, recheck = 1, 0, now, 0
roll()
if op == 'acquire' then
  local maxWait = tonumber(ARGV[arg])
  if s.mode ~= UNMETERED then
    if s.windowEndKnown == 1 and now >= s.windowEnd - MARGIN - s.guardMs then s.taken = math.max(s.taken, s.limit) end
    local window = math.floor(s.taken / s.limit)
    local start = now
    if window > 0 then start = s.windowEnd + (window - 1) * s.windowMs end
    waitMs = start - now
    if window > 0 and s.windowMeasured == 0 and (window > 1 or s.windowEndKnown == 0) then
      granted, recheck = 0, 1
      if s.windowEndKnown == 1 then waitMs = math.max(0, s.windowEnd - now) + RECHECK else waitMs = RECHECK end
    elseif waitMs > maxWait then
      granted = 0
    else
      s.taken = s.taken + 1
      if window == 0 then slotEnd = s.windowEnd else slotEnd = start + s.windowMs end
    end
  end
elseif op == 'release' then
  if s.taken > 0 and tonumber(ARGV[arg]) == s.windowEnd + math.floor((s.taken - 1) / s.limit) * s.windowMs then
    s.taken = s.taken - 1
  end
elseif op == 'learn' then
  local status = tonumber(ARGV[arg])
  local limit, remaining, reset = optional(ARGV[arg + 1]), optional(ARGV[arg + 2]), optional(ARGV[arg + 3])
  local duration = optional(ARGV[arg + 4])
  if duration ~= nil then
    s.guardMs = math.min(MAX_GUARD, math.max(MIN_GUARD, math.floor((s.guardMs * 3 + duration) / 4)))
  end
  if limit == nil and remaining == nil and reset == nil then
    if s.mode == ASSUMED and status ~= 429 then s.mode = UNMETERED end
  elseif s.mode ~= LEARNED and limit == nil then
    if status == 429 then
      s.mode = ASSUMED
      s.windowEnd = math.max(now + 1, (reset or 0) * 1000 + s.skewMs + MARGIN)
      if reset ~= nil then s.windowEndKnown = 1 end
      s.taken = math.max(s.taken, s.limit)
    end
  else
    if s.mode ~= LEARNED then
      s.windowMs = WINDOW
      s.windowMeasured = 0
    end
    s.mode = LEARNED
    if limit ~= nil and limit > 0 then s.limit = limit end
    local current, done = true, false
    if reset ~= nil then
      local finish = reset * 1000 + s.skewMs + MARGIN
      if status == 429 and finish <= now then
        s.skewMs = math.min(MAX_SKEW, s.skewMs + (now - finish) + SKEW_STEP)
        finish = reset * 1000 + s.skewMs + MARGIN
        s.windowEnd = math.max(finish, now + 1)
        s.windowEndKnown = 1
        s.lastReset = math.max(s.lastReset, reset)
        s.taken = math.max(s.taken, s.limit)
        done = true
      elseif reset > s.lastReset then
        if s.lastReset > 0 then
          local measured = (reset - s.lastReset) * 1000
          if measured == s.windowMs then
            s.windowMeasured = 1
          elseif measured < s.windowMs then
            s.windowMs = measured
            s.windowMeasured = 0
          end
        end
        s.lastReset = reset
        if finish > s.windowEnd + s.windowMs / 2 then
          local windows = math.max(1, math.floor((finish - s.windowEnd) / s.windowMs + 0.5))
          s.taken = math.max(0, s.taken - windows * s.limit)
        end
        s.windowEnd = finish
        s.windowEndKnown = 1
      else
        current = reset == s.lastReset and math.abs(finish - s.windowEnd) < s.windowMs / 2
      end
    end
    if current and not done then
      if remaining ~= nil then
        local used = math.max(0, s.limit - remaining)
        local counted = math.min(s.taken, s.limit)
        if used > counted then s.taken = s.taken + used - counted end
      end
      if status == 429 then s.taken = math.max(s.taken, s.limit) end
    end
  end
end

local workers = 0
if op == 'acquire' then
  redis.call('ZADD', KEYS[2], now, worker)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ${WORKER_TTL_MS})
  redis.call('PEXPIRE', KEYS[2], ttl)
  workers = redis.call('ZCARD', KEYS[2])
end

local out = {granted, waitMs, slotEnd, recheck, workers}
local flat = {}
for _, f in ipairs(FIELDS) do
  table.insert(out, s[f])
  table.insert(flat, f)
  table.insert(flat, s[f])
end
redis.call('HSET', KEYS[1], unpack(flat))
redis.call('PEXPIRE', KEYS[1], ttl)
return out
`;

export const BUDGET_SCRIPT_SHA = createHash('sha1').update(BUDGET_SCRIPT).digest('hex');

export type BudgetOp =
  | ['acquire', maxWaitMs: number]
  | ['learn', status: number, limit: number | null, remaining: number | null, reset: number | null, durationMs: number | null]
  | ['release', slotEnd: number];

/** The script's ARGV for one op of `worker` on a budget whose local view is `seed`. */
export function budgetArgs(op: BudgetOp, now: number, ttlMs: number, seed: BudgetState, worker: string): (string | number)[] {
  const [name, ...rest] = op;
  return [name, now, ttlMs, worker, ...STATE_FIELDS.map((f) => seed[f]), ...rest.map((v) => (v === null ? '' : v))];
}

export interface BudgetReply {
  granted: boolean;
  waitMs: number;
  slotEnd: number;
  recheck: boolean;
  /** Workers that took a slot lately (acquire only; 0 otherwise). */
  workers: number;
  state: BudgetState;
}

const REPLY_HEAD = 5;

/** The script's answer: the grant and the state after the op. */
export function parseBudgetReply(reply: unknown): BudgetReply {
  if (!Array.isArray(reply) || reply.length !== REPLY_HEAD + STATE_FIELDS.length) throw new Error('unexpected answer from the budget script');
  const numbers = reply.map(Number);
  const state = {} as BudgetState;
  STATE_FIELDS.forEach((f, i) => (state[f] = numbers[REPLY_HEAD + i]));
  return { granted: numbers[0] === 1, waitMs: numbers[1], slotEnd: numbers[2], recheck: numbers[3] === 1, workers: numbers[4], state };
}
