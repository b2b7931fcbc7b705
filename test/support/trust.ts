// The trust policy as tests build it: the real policy and approvals, with rules and answers chosen by the test.
import { Approvals, type ApprovalRequest, type Approver } from '../../src/core/trust/approvals';
import { DEFAULT_RULES, TrustPolicy, type TrustRules } from '../../src/core/trust/policy';

/** An approver that records every question and answers with `answer` (refusing by default). */
export function recordingApprover(answer: Awaited<ReturnType<Approver['ask']>> = { decision: 'deny', reason: 'refused in this test' }): Approver & { asked: ApprovalRequest[] } {
  const asked: ApprovalRequest[] = [];
  return {
    asked,
    ask: async (request) => {
      asked.push(request);
      return answer;
    },
  };
}

/** Approvals on the real policy with the given rules (defaults: nothing auto-approved, nothing allowed). */
export function testTrust(rules: Partial<TrustRules> = {}, approver: Approver = recordingApprover()): Approvals {
  return new Approvals(new TrustPolicy(() => ({ ...DEFAULT_RULES, ...rules })), approver);
}
