import type { Approvals } from '../trust/approvals';
import { DEFAULT_RULES } from '../trust/policy';
import type { SearchReadRules } from '../workspace';

/** The trust policy's read rules now, plus the files the user allowed for the session, for a search worker to apply. */
export function searchReadRules(approvals: Approvals | undefined): SearchReadRules {
  const rules = approvals?.policy.currentRules() ?? DEFAULT_RULES;
  return { excludeRead: rules.excludeRead, allowRead: rules.allowRead, allowedFiles: approvals?.readAllowedAlways() ?? [] };
}
