package org.jrhcs.qdisk.core;

/**
 * One {@code <heuristic>}: a program run by {@code sh -c}; exit 0 is success.
 *
 * @param program    the shell snippet
 * @param score      what the heuristic adds to the node's score while it is up (default 1)
 * @param intervalMs how often it runs (default: twice the disk interval)
 * @param tko        consecutive failures before it counts as down (default 1)
 */
public record HeuristicSpec(String program, int score, long intervalMs, int tko) {}
