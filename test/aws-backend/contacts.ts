/**
 * Account `GetContactInformation` / `PutContactInformation` (moto has only the alternate contacts): the
 * fixture's primary contact per account, overwritten by what was put since the last reset.
 */
import { jsonResponse, parseJsonBody, type CallContext, type Emulation } from './emulation';
import type { ContactInformation } from './state';
import { errorResponse, type WireResponse } from './wire-errors';

const REQUIRED: readonly (keyof ContactInformation)[] = ['FullName', 'AddressLine1', 'City', 'PostalCode', 'CountryCode', 'PhoneNumber'];

function handle(context: CallContext): WireResponse | undefined {
  const input = parseJsonBody(context.request);
  const account = typeof input.AccountId === 'string' ? input.AccountId : context.account;
  if (!account) return errorResponse('account', { code: 'AccessDeniedException', status: 403, message: 'The caller has no account.' });
  if (context.request.action === 'GetContactInformation') {
    const contact = context.state.writtenContacts.get(account) ?? context.state.emulated.contacts[account];
    if (!contact) return errorResponse('account', { code: 'ResourceNotFoundException', status: 404, message: 'No contact information found for this account.' });
    return jsonResponse({ ContactInformation: contact });
  }
  const contact = input.ContactInformation as Partial<ContactInformation> | undefined;
  const missing = REQUIRED.filter((field) => typeof contact?.[field] !== 'string' || contact[field] === '');
  if (missing.length > 0) {
    return errorResponse('account', { code: 'ValidationException', status: 400, message: `Invalid contact information: missing ${missing.join(', ')}` });
  }
  context.state.writtenContacts.set(account, contact as ContactInformation);
  return jsonResponse(undefined);
}

export const contactsEmulation: Emulation = { service: 'account', actions: ['GetContactInformation', 'PutContactInformation'], handle };
