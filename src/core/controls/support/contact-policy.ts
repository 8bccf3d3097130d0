/**
 * How a contact's e-mail address and phone number are judged against the account's contact policy
 * (`contacts.emailDomains`, `contacts.phonePrefixes` in the accounts file).
 */

/** Free personal mailbox providers: a contact there belongs to one person, not to the company. */
const PERSONAL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'ymail.com', 'rocketmail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 'mail.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', '126.com',
  'tutanota.com', 'tuta.io', 'zoho.com', 'fastmail.com',
]);
/** Providers with a domain per country (yahoo.co.uk, hotmail.fr, ...). */
const PERSONAL_FAMILIES = ['yahoo', 'hotmail', 'outlook', 'live', 'gmx'];

export function emailDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase().replace(/\.$/, '');
}

export function isPersonalMailbox(address: string): boolean {
  const domain = emailDomain(address);
  if (PERSONAL_DOMAINS.has(domain)) return true;
  const [first] = domain.split('.');
  return PERSONAL_FAMILIES.includes(first) && domain.split('.').length <= 3;
}

/** On one of `domains` or a sub-domain of one. */
export function onDomain(address: string, domains: readonly string[]): boolean {
  const domain = emailDomain(address);
  return domains.some((d) => {
    const wanted = d.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
    return domain === wanted || domain.endsWith(`.${wanted}`);
  });
}

/** Digits with the leading `+`: spaces, dashes, dots and brackets are only formatting. */
function normalisePhone(phone: string): string {
  return phone.replace(/[\s\-().]/g, '');
}

export function hasPrefix(phone: string, prefixes: readonly string[]): boolean {
  const number = normalisePhone(phone);
  return prefixes.some((p) => number.startsWith(normalisePhone(p)));
}
