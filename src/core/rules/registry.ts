/** Every rule SOP Lens runs. Adding a rule: write its file in this folder and add it here. */
import type { Rule } from './rule';
import { cloudtrailMultiRegion } from './cloudtrail-multi-region';

export const RULES: readonly Rule[] = [cloudtrailMultiRegion];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
