// Which tabs an inbox scope has, and which conversations each one shows.
// Blinger: the three server lists, "Mine" (what the operator took or answered,
// until closed) and "Recent" (everything seen).
// Chatwoot: Mine / Unassigned / All, crossed with a status filter.
// "All accounts" mixes both, so it gets the lists every operator cares about.

const BLINGER_TABS = [
  { id: 'unassigned', label: 'Unassigned', empty: 'No unassigned conversations — nice.' },
  { id: 'unread', label: 'Unread', empty: 'Nothing unread. You are all caught up.' },
  { id: 'not_answered', label: 'Not answered', empty: 'Every customer has an answer.' },
  { id: 'mine', label: 'Mine', empty: 'Nothing of yours is open. Conversations you take or answer stay here until closed.' },
  { id: 'recent', label: 'Recent', empty: 'No conversations seen yet.' },
];

const CHATWOOT_TABS = [
  { id: 'mine', label: 'Mine', empty: 'Nothing assigned to you.' },
  { id: 'unassigned', label: 'Unassigned', empty: 'No unassigned conversations — nice.' },
  { id: 'all', label: 'All', empty: 'No conversations with this status.' },
];

const ALL_TABS = [
  { id: 'unassigned', label: 'Unassigned', empty: 'No unassigned conversations — nice.' },
  { id: 'unread', label: 'Unread', empty: 'Nothing unread. You are all caught up.' },
  { id: 'not_answered', label: 'Not answered', empty: 'Every customer has an answer.' },
  { id: 'mine', label: 'Mine', empty: 'Nothing of yours is open. Conversations you take or answer stay here until closed.' },
  { id: 'recent', label: 'Recent', empty: 'No conversations seen yet.' },
];

export const STATUS_FILTERS = [
  { id: 'open', label: 'Open' },
  { id: 'pending', label: 'Pending' },
  { id: 'snoozed', label: 'Snoozed' },
  { id: 'closed', label: 'Resolved' },
  { id: 'any', label: 'Any status' },
];

export function tabsFor(provider) {
  if (provider === 'chatwoot') return CHATWOOT_TABS;
  if (provider === 'blinger') return BLINGER_TABS;
  return ALL_TABS;
}

function inList(item, name) {
  return Array.isArray(item.lists) && item.lists.includes(name);
}

function tabMatch(item, tab) {
  switch (tab) {
    case 'unread':
      return item.unread > 0 || inList(item, 'unread');
    case 'recent':
      return true;
    case 'all':
      return inList(item, 'all') || inList(item, 'mine') || inList(item, 'unassigned');
    default:
      return inList(item, tab);
  }
}

// scope: {account: name|null, provider, tab, status}. `status` only narrows
// Chatwoot scopes ("any" shows every status).
export function viewPredicate(scope) {
  const { account, provider, tab } = scope;
  const status = provider === 'chatwoot' ? scope.status || 'open' : 'any';
  return (item) => {
    if (account && item.key.account !== account) return false;
    if (!tabMatch(item, tab)) return false;
    if (status !== 'any' && item.status !== status) return false;
    return true;
  };
}

export function tabPredicates(scope) {
  return tabsFor(scope.provider).map((t) => ({ id: t.id, pred: viewPredicate({ ...scope, tab: t.id }) }));
}

export function defaultTab(provider) {
  return tabsFor(provider)[0].id;
}
