// Short human figures for tokens and money.
import type { UsageFigures } from '../protocol/messages';

export function formatTokens(count: number): string {
  if (count < 1000) return String(Math.round(count));
  if (count < 10_000) return `${(count / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (count < 1_000_000) return `${Math.round(count / 1000)}k`;
  return `${(count / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** "1.2k in (800 cached) · 456 out (120 reasoning) · $0.0031" */
export function formatUsage(usage: UsageFigures): string {
  const parts = [
    `${formatTokens(usage.inputTokens)} in${usage.cachedInputTokens ? ` (${formatTokens(usage.cachedInputTokens)} cached)` : ''}`,
    `${formatTokens(usage.outputTokens)} out${usage.reasoningTokens ? ` (${formatTokens(usage.reasoningTokens)} reasoning)` : ''}`,
  ];
  if (usage.costUsd !== undefined) parts.push(formatCost(usage.costUsd));
  return parts.join(' · ');
}

export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const percent = (part / whole) * 100;
  return percent > 0 && percent < 1 ? '<1%' : `${Math.round(percent)}%`;
}
