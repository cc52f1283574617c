import type { Redis } from 'ioredis'

/*
 * The Redis session store's writes, each one Lua script so that it is atomic: a rotation is a
 * compare-and-set, and a session is never left half-written or outside its user's set.
 *
 * Layout under the prefix `p`:
 *   p session:<id>           hash of the SessionRow fields (+ store_expires_at), TTL = its end
 *   p user:<userId>:sessions set of that user's session ids (for "sign out everywhere")
 *   p sessions:expiry        sorted set id -> expires_at    (for deleteExpired)
 *   p sessions:refreshed     sorted set id -> refreshed_at  (for deleteExpired)
 * A user's set and the indexes are tidied of ids whose session Redis has expired on every insert.
 * Some scripts build a user's or a session's key from the prefix instead of receiving it: on
 * Redis Cluster the prefix must therefore be a hash tag (`{gatehouse}:`) so all keys share a slot.
 *
 * Time in Redis: the key's TTL is set from Redis's own clock (TIME), as the session's duration
 * counted from when Redis stored it, capped by the idle timeout counted from the last rotation.
 * Nodes still judge expiry with their own clocks from the stored fields; the session ends at the
 * earlier of the two, so a node whose clock runs ahead or behind can shorten a session, never
 * lengthen it. No script ever moves a TTL past `store_expires_at`.
 */

/**
 * Sessions that Redis expired by itself leave their ids in the two indexes. Each sign-in looks at
 * the oldest few entries of each index and drops those whose session is gone: the oldest are the
 * first to expire, so the sweep keeps pace with sign-ins and the indexes stay about as large as
 * the number of live sessions, without a prune job.
 */
const INDEX_SWEEP = 10

const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`

/** KEYS: session, userSet, byExpiry, byRefresh. ARGV: id, lifetimeMs, idleMs|'', expiresAt, refreshedAt, prefix, field, value, … */
const INSERT = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
${NOW_MS}
local ends = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'store_expires_at', ends, unpack(ARGV, 7))
local ttlEnd = ends
if ARGV[3] ~= '' then ttlEnd = math.min(ends, now + tonumber(ARGV[3])) end
redis.call('PEXPIREAT', KEYS[1], ttlEnd)
for _, other in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[6] .. 'session:' .. other) == 0 then redis.call('SREM', KEYS[2], other) end
end
redis.call('SADD', KEYS[2], ARGV[1])
local setTtl = redis.call('PTTL', KEYS[2])
if setTtl < 0 or now + setTtl < ends then redis.call('PEXPIREAT', KEYS[2], ends) end
for _, index in ipairs({KEYS[3], KEYS[4]}) do
  for _, other in ipairs(redis.call('ZRANGE', index, 0, ${INDEX_SWEEP - 1})) do
    if redis.call('EXISTS', ARGV[6] .. 'session:' .. other) == 0 then redis.call('ZREM', index, other) end
  end
end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
return 1`

/** KEYS: session, byRefresh. ARGV: expectedHash, newHash, previousHash|'', previousValidUntil|'', refreshedAt, id, idleMs|''. */
const ROTATE = `if redis.call('HGET', KEYS[1], 'secret_hash') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'secret_hash', ARGV[2], 'refreshed_at', ARGV[5])
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], 'previous_secret_hash', 'previous_valid_until')
else
  redis.call('HSET', KEYS[1], 'previous_secret_hash', ARGV[3], 'previous_valid_until', ARGV[4])
end
if ARGV[7] ~= '' then
  ${NOW_MS}
  local ends = tonumber(redis.call('HGET', KEYS[1], 'store_expires_at'))
  redis.call('PEXPIREAT', KEYS[1], math.min(ends, now + tonumber(ARGV[7])))
end
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
return 1`

/** KEYS: session, byExpiry, byRefresh. ARGV: id, prefix. */
const DELETE = `local userId = redis.call('HGET', KEYS[1], 'user_id')
redis.call('DEL', KEYS[1])
if userId then redis.call('SREM', ARGV[2] .. 'user:' .. userId .. ':sessions', ARGV[1]) end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1`

/** KEYS: userSet, byExpiry, byRefresh. ARGV: prefix, exceptId|''. */
const DELETE_FOR_USER = `for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id ~= ARGV[2] then
    redis.call('DEL', ARGV[1] .. 'session:' .. id)
    redis.call('SREM', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
  end
end
return 1`

/** KEYS: byExpiry, byRefresh. ARGV: now, idleCutoff, prefix, batchSize. Returns {deleted, processed}. */
const DELETE_EXPIRED = `local seen = {}
local deleted = 0
local processed = 0
local batches = {
  redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[4]),
  redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2], 'LIMIT', 0, ARGV[4]),
}
for _, ids in ipairs(batches) do
  for _, id in ipairs(ids) do
    if not seen[id] then
      seen[id] = true
      processed = processed + 1
      local key = ARGV[3] .. 'session:' .. id
      local userId = redis.call('HGET', key, 'user_id')
      if userId then redis.call('SREM', ARGV[3] .. 'user:' .. userId .. ':sessions', id) end
      deleted = deleted + redis.call('DEL', key)
      redis.call('ZREM', KEYS[1], id)
      redis.call('ZREM', KEYS[2], id)
    end
  end
end
return {deleted, processed}`

type Script = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>

export interface RedisSessionScripts {
  readonly insert: Script
  readonly rotate: Script
  readonly delete: Script
  readonly deleteForUser: Script
  readonly deleteExpired: Script
}

/**
 * Registers the scripts on a connection (ioredis sends EVALSHA and loads a script only when
 * Redis does not know it yet). Registering again on the same connection is harmless.
 */
export function defineRedisSessionScripts(redis: Redis): RedisSessionScripts {
  const define = (name: string, keyCount: number, lua: string): Script => {
    const command = `gatehouseSession${name}`
    redis.defineCommand(command, { numberOfKeys: keyCount, lua })
    const run = (redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>)[command]
    if (!run) throw new Error(`ioredis did not define ${command}`)
    return (keys, args) => run.call(redis, ...keys, ...args)
  }
  return {
    insert: define('Insert', 4, INSERT),
    rotate: define('Rotate', 2, ROTATE),
    delete: define('Delete', 3, DELETE),
    deleteForUser: define('DeleteForUser', 3, DELETE_FOR_USER),
    deleteExpired: define('DeleteExpired', 2, DELETE_EXPIRED),
  }
}
