import { useState } from 'react';
import type { AppId } from '@shared/domain/capabilities';
import type { Account } from '@shared/domain/types';
import { Icon } from '../../components/Icon';
import { PageHeading } from '../../components/PageHeading';
import { useSteward } from '../../state';
import { AccountCard } from './AccountCard';
import { ADD_FORMS, ADD_ORDER } from './add-forms';
import { KindChoice } from './KindChoice';

export function AccountsPage() {
  const accounts = useSteward((state) => state.accounts);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<Account | null>(null);
  const [kind, setKind] = useState<AppId>(ADD_ORDER[0] ?? 'imap');
  const form = ADD_FORMS[kind];
  const list = accounts.data ?? [];
  const formOpen = adding || (accounts.data !== null && list.length === 0);

  const onAdded = (account: Account) => {
    setAdded(account);
    setAdding(false);
  };

  return (
    <>
      <PageHeading
        title="Accounts"
        actions={
          formOpen ? null : (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setAdded(null);
                setAdding(true);
              }}
            >
              <Icon name="plus" size={14} /> Add account
            </button>
          )
        }
      >
        The mailboxes Steward watches. Passwords and sign-ins live in your system keychain, not in Steward’s files.
      </PageHeading>

      {added ? (
        <p className="notice notice--ok" role="status">
          <Icon name="check-circle" size={16} />
          <span>
            Added {added.email}. Steward is running its first sync; suggestions appear in the tray as they come.
          </span>
        </p>
      ) : null}

      {accounts.error ? <p className="notice notice--attention">Could not load accounts: {accounts.error}</p> : null}

      {list.length > 0 ? (
        <section aria-labelledby="accounts-list-title" className="section">
          <h2 id="accounts-list-title" className="visually-hidden">
            Your accounts
          </h2>
          <ul className="account-list">
            {list.map((account) => (
              <AccountCard key={account.id} account={account} />
            ))}
          </ul>
        </section>
      ) : null}

      {formOpen ? (
        <section aria-labelledby="add-account-title" className="section panel">
          <KindChoice kind={kind} onChange={setKind} />
          <h2 id="add-account-title" className="section__title">
            {form.title}
          </h2>
          <p className="section__lede">{form.lede}</p>
          <form.Form key={kind} onAdded={onAdded} onCancel={list.length > 0 ? () => setAdding(false) : undefined} />
        </section>
      ) : null}
    </>
  );
}
