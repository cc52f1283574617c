/** Seeded sessions end a day after seeding, like Gatehouse's default absolute lifetime. */
export const SESSION_LIFETIME_MS = 24 * 60 * 60 * 1000
