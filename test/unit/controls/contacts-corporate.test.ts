import * as assert from 'node:assert/strict';
import { contactsCorporate } from '../../../src/core/controls/contacts-corporate';
import { isPersonalMailbox, onDomain, hasPrefix } from '../../../src/core/controls/support/contact-policy';
import { HOME, RecordedApi, account, contextFor, decide, evidenceWith } from './support/recorded-api';

const POLICY = { emailDomains: ['acme.com'], phonePrefixes: ['+44 20'] };

function contacts(alternates: Partial<Record<'SECURITY' | 'OPERATIONS' | 'BILLING', { EmailAddress: string; PhoneNumber?: string } | 'missing'>>, primaryPhone = '+44 20 7946 0000'): RecordedApi {
  const api = new RecordedApi().on('account', HOME, 'GetContactInformation', { ContactInformation: { FullName: 'Acme Ltd', PhoneNumber: primaryPhone } }, {});
  for (const type of ['SECURITY', 'OPERATIONS', 'BILLING'] as const) {
    const c = alternates[type] ?? { EmailAddress: `${type.toLowerCase()}@acme.com`, PhoneNumber: '+44-20-7946-0001' };
    if (c === 'missing') api.fails('account', HOME, 'GetAlternateContact', 'ResourceNotFoundException', 'service', { AlternateContactType: type });
    else api.on('account', HOME, 'GetAlternateContact', { AlternateContact: { AlternateContactType: type, Name: 'Team', Title: 'Team', ...c } }, { AlternateContactType: type });
  }
  return api;
}

describe('contacts-corporate', () => {
  it('passes corporate mailboxes (sub-domains too) and numbers with the corporate prefix', async () => {
    const api = contacts({ SECURITY: { EmailAddress: 'secops@eu.acme.com', PhoneNumber: '+44 (20) 7946 0002' } });
    const outcome = await decide(contactsCorporate, contextFor(api, { account: account({ contacts: POLICY }) }));
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.equal(evidenceWith(outcome, 'pass').length, 7);
  });

  it('fails a missing alternate contact, a personal mailbox, a foreign domain and a wrong phone prefix', async () => {
    const api = contacts({ SECURITY: 'missing', OPERATIONS: { EmailAddress: 'jane.doe@gmail.com' }, BILLING: { EmailAddress: 'billing@acme-partner.com', PhoneNumber: '+1 206 555 0100' } });
    const outcome = await decide(contactsCorporate, contextFor(api, { account: account({ contacts: POLICY }) }));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), [
      'Security contact: not set',
      'Operations contact: jane.doe@gmail.com is a personal mailbox',
      'Billing contact: billing@acme-partner.com is not on acme.com',
      'Billing contact: phone +1 206 555 0100 does not start with +44 20',
    ]);
  });

  it('without a contact policy, still fails personal mailboxes, and is otherwise unknown', async () => {
    const personal = await decide(contactsCorporate, contextFor(contacts({ BILLING: { EmailAddress: 'boss@yahoo.co.uk' } })));
    assert.equal(personal.status, 'fail');
    const clean = await decide(contactsCorporate, contextFor(contacts({})));
    assert.equal(clean.status, 'unknown');
    assert.match(clean.reason, /has no contact policy/);
  });

  it('is unknown for a contact it may not read', async () => {
    const api = contacts({}).denies('account', HOME, 'GetAlternateContact', { AlternateContactType: 'SECURITY' });
    const outcome = await decide(contactsCorporate, contextFor(api, { account: account({ contacts: POLICY }) }));
    assert.equal(outcome.status, 'unknown');
    assert.match(evidenceWith(outcome, 'unknown')[0], /^Security contact: could not be read/);
  });

  it('matches domains, mailbox providers and phone prefixes', () => {
    assert.ok(onDomain('a@ops.acme.com', ['acme.com']));
    assert.ok(!onDomain('a@notacme.com', ['acme.com']));
    assert.ok(isPersonalMailbox('x@Outlook.com'));
    assert.ok(isPersonalMailbox('x@yahoo.fr'));
    assert.ok(isPersonalMailbox('x@proton.me'));
    assert.ok(!isPersonalMailbox('x@acme.com'));
    assert.ok(hasPrefix('+44-20-1234', ['+44 20']));
    assert.ok(!hasPrefix('+442 01234', ['+44 21']));
  });
});
