/* sim-rng.h — the simulator's deterministic pseudo-random numbers.
 *
 * Everything the simulator invents (names, sizes, states, statistics, tokens)
 * comes from splitmix64 streams seeded from --seed, never from rand() or the
 * clock, so the same seed yields byte-identical responses. A stream is a plain
 * 64-bit state; sim_rng_stream() derives independent streams for each entity
 * kind so that changing one count does not reshuffle the others. sim_hash() is
 * a stateless mix for values that must be a pure function of (seed, a, b). */
#pragma once

#include <glib.h>

typedef struct {
    guint64 state;
} SimRng;

/* Mixes one 64-bit value (the splitmix64 finaliser). Can't fail. */
static inline guint64
sim_mix64 (guint64 z)
{
    z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Returns the next 64 random bits of @rng. */
static inline guint64
sim_rng_next (SimRng *rng)
{
    rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
    return sim_mix64 (rng->state);
}

/* Returns a uniform integer in [0, n); n must be > 0. */
static inline guint32
sim_rng_below (SimRng *rng, guint32 n)
{
    return (guint32) (((sim_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

/* Returns a uniform integer in [lo, hi] (inclusive); requires lo <= hi. */
static inline gint64
sim_rng_range (SimRng *rng, gint64 lo, gint64 hi)
{
    return lo + (gint64) (sim_rng_next (rng) % (guint64) (hi - lo + 1));
}

/* Returns a uniform double in [0, 1). */
static inline double
sim_rng_unit (SimRng *rng)
{
    return (double) (sim_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* Returns TRUE with probability @p. */
static inline gboolean
sim_rng_chance (SimRng *rng, double p)
{
    return sim_rng_unit (rng) < p;
}

/* Seeds @rng with a stream of @seed named by @salt (any small integer). */
static inline void
sim_rng_stream (SimRng *rng, guint64 seed, guint64 salt)
{
    rng->state = sim_mix64 (seed ^ sim_mix64 (salt + G_GUINT64_CONSTANT (0x51ed27)));
}

/* A pure function of (seed, a, b) mapped to [0, 1). */
static inline double
sim_hash_unit (guint64 seed, guint64 a, guint64 b)
{
    guint64 h = sim_mix64 (seed ^ sim_mix64 (a * 0x9e3779b97f4a7c15ULL + sim_mix64 (b + 1)));
    return (double) (h >> 11) * (1.0 / 9007199254740992.0);
}
