/**
 * A real Redis for the tests (the benchmark starts its own the same way): Debian's
 * `redis-server` on a free port, no persistence, stopped by pid. When redis-server is not
 * installed the tests that need it fail (never skip): `.ci/run` installs it.
 */
export { freePort, requireRedisServer, startRedis, type RedisProcess } from '../../bench/rate-limit/redis-process.js';
