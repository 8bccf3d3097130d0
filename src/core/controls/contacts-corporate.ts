import type { AlternateContact, ContactInformation, GetAlternateContactCommandOutput, GetContactInformationCommandOutput } from '@aws-sdk/client-account';
import type { ContactPolicy } from '../accounts/model';
import { type AccountCheck, type CheckContext, type Evidence, fail, pass, unknown } from './check';
import { orAbsent, seen } from './support/aws';
import { hasPrefix, isPersonalMailbox, onDomain } from './support/contact-policy';

const ALTERNATE_TYPES = ['SECURITY', 'OPERATIONS', 'BILLING'] as const;
const NOT_FOUND = 'ResourceNotFoundException';

export const contactsCorporate: AccountCheck = {
  id: 'contacts-corporate',
  scope: 'account',
  title: 'Account contacts are corporate mailboxes and numbers',
  controls: ['ACCT-001'],
  rationale:
    'The SOP wants internal distribution lists and corporate phone numbers as contacts, never one person\'s mailbox, so AWS\'s security and billing notices still arrive after someone leaves.',
  calls: ['account:GetContactInformation', 'account:GetAlternateContact'],
  decides:
    'The security, operations and billing alternate contacts must exist, with an e-mail on one of the account\'s corporate domains (sub-domains too) that is not a personal mailbox provider, and every phone number (the primary contact\'s too) must start with a corporate prefix. Without a contact policy for the account only personal mailboxes can fail.',
  remediation:
    'In Account settings, set the security, operations and billing alternate contacts to team distribution lists on the corporate domain with corporate phone numbers (aws account put-alternate-contact), and add contacts.emailDomains and contacts.phonePrefixes to the account in .sop/accounts.yaml.',
  async run(ctx) {
    const policy = ctx.account.contacts;
    const [primary, ...alternates] = await Promise.all([
      seen(ctx.api.call<GetContactInformationCommandOutput>('account', ctx.homeRegion, 'GetContactInformation', {})),
      ...ALTERNATE_TYPES.map((type) => seen(orAbsent(ctx.api.call<GetAlternateContactCommandOutput>('account', ctx.homeRegion, 'GetAlternateContact', { AlternateContactType: type }), NOT_FOUND))),
    ]);
    const evidence: Evidence[] = [
      ...(primary.ok ? judgePrimary(primary.value.ContactInformation, policy) : [{ text: `Primary contact: could not be read (${primary.reason})`, status: 'unknown' as const }]),
      ...ALTERNATE_TYPES.flatMap((type, i) => {
        const answer = alternates[i];
        if (!answer.ok) return [{ text: `${label(type)} contact: could not be read (${answer.reason})`, status: 'unknown' as const }];
        return judgeAlternate(type, answer.value?.AlternateContact, policy);
      }),
    ];
    return decide(ctx, evidence, policy);
  },
};

function label(type: string): string {
  return type.charAt(0) + type.slice(1).toLowerCase();
}

function judgePrimary(contact: ContactInformation | undefined, policy: ContactPolicy | undefined): Evidence[] {
  if (!contact?.PhoneNumber) return [{ text: 'Primary contact: no phone number reported', status: 'unknown' }];
  return [phoneEvidence('Primary contact', contact.PhoneNumber, policy)];
}

function judgeAlternate(type: string, contact: AlternateContact | undefined, policy: ContactPolicy | undefined): Evidence[] {
  const who = `${label(type)} contact`;
  if (!contact) return [{ text: `${who}: not set`, status: 'fail' }];
  const lines: Evidence[] = [];
  const email = contact.EmailAddress;
  if (!email) lines.push({ text: `${who}: no e-mail address`, status: 'fail' });
  else if (isPersonalMailbox(email)) lines.push({ text: `${who}: ${email} is a personal mailbox`, status: 'fail' });
  else if (!policy?.emailDomains.length) lines.push({ text: `${who}: ${email} (no corporate domains configured to compare with)`, status: 'unknown' });
  else if (!onDomain(email, policy.emailDomains)) lines.push({ text: `${who}: ${email} is not on ${policy.emailDomains.join(', ')}`, status: 'fail' });
  else lines.push({ text: `${who}: ${email} is on a corporate domain`, status: 'pass' });
  if (contact.PhoneNumber) lines.push(phoneEvidence(who, contact.PhoneNumber, policy));
  return lines;
}

function phoneEvidence(who: string, phone: string, policy: ContactPolicy | undefined): Evidence {
  if (!policy?.phonePrefixes.length) return { text: `${who}: phone ${phone} (no corporate prefixes configured to compare with)`, status: 'unknown' };
  return hasPrefix(phone, policy.phonePrefixes)
    ? { text: `${who}: phone ${phone} has a corporate prefix`, status: 'pass' }
    : { text: `${who}: phone ${phone} does not start with ${policy.phonePrefixes.join(' or ')}`, status: 'fail' };
}

function decide(ctx: CheckContext, evidence: readonly Evidence[], policy: ContactPolicy | undefined) {
  const failing = evidence.filter((e) => e.status === 'fail');
  if (failing.length > 0) return fail(`${failing.length} contact problem${failing.length > 1 ? 's' : ''}: ${failing.map((e) => e.text).join('; ')}.`, evidence);
  if (!policy || !policy.emailDomains.length || !policy.phonePrefixes.length) {
    return unknown(`No personal mailboxes, but ${ctx.account.name} has no contact policy (contacts.emailDomains and contacts.phonePrefixes) to check domains and numbers against.`, evidence);
  }
  if (evidence.some((e) => e.status === 'unknown')) return unknown('Not every contact could be read.', evidence);
  return pass('Every contact uses a corporate mailbox and number.', evidence);
}
