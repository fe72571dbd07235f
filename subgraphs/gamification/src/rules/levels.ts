/**
 * The level curve (the schema's contract): level n starts at 50·n·(n−1) XP, so each level costs
 * 100 XP more than the one before: level 2 at 100, 3 at 300, 4 at 600, 5 at 1000, 10 at 4500.
 */

/** Total XP at which `level` starts (level 1 starts at 0). */
export const levelStartXp = (level: number): number => 50 * level * (level - 1);

/** The level of a learner with `xp` total XP: the highest n with 50·n·(n−1) ≤ xp. */
export function levelFor(xp: number): number {
  if (!(xp > 0)) return 1;
  // Solving 50n² − 50n ≤ xp gives n ≤ (1 + √(1 + 0.08·xp)) / 2; fix floating-point error at the edges.
  let level = Math.max(1, Math.floor((1 + Math.sqrt(1 + 0.08 * xp)) / 2));
  while (levelStartXp(level + 1) <= xp) level += 1;
  while (level > 1 && levelStartXp(level) > xp) level -= 1;
  return level;
}

/** Total XP at which the level after `level` starts. */
export const nextLevelXp = (level: number): number => levelStartXp(level + 1);
