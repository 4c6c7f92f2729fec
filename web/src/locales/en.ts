/** The English strings; every locale has at least these keys (the type checks it), plus the
 * plural forms its language needs (Russian: _few, _many). */
export const en = {
  app: { name: 'Ijro', tagline: 'Execution discipline' },
  nav: {
    inbox: 'Assignments',
    documents: 'Documents',
    dashboard: 'Dashboard',
    public: 'Public control',
    ratings: 'Ratings',
    admin: 'Administration',
    sections: 'Sections',
    notifications_one: 'Notifications: {{count}} unread',
    notifications_other: 'Notifications: {{count}} unread',
    signOut: 'Sign out',
    account: 'Account and language',
    language: 'Language',
  },
  export: { xlsx: 'Export XLSX', csv: 'Export CSV' },
  profile: {
    changeDue: 'Your password was set by someone else. Choose your own.',
    changeNow: 'Change password',
  },
  signIn: {
    title: 'Sign in',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    required: 'Required',
  },
  status: {
    in_execution: 'In execution',
    under_review: 'Under review',
    accepted: 'Accepted',
    closed: 'Closed',
    cancelled: 'Cancelled',
  },
  list: {
    all: 'All',
    overdue: 'Overdue',
    search: 'Search clause or text',
    clause: 'Clause',
    text: 'Assignment',
    deadline: 'Deadline',
    status: 'Status',
    total_one: '{{count}} assignment',
    total_other: '{{count}} assignments',
    empty: 'No assignments here',
  },
  error: { generic: 'Something went wrong', notFound: 'Not found' },
};
export type Strings = { [K in keyof typeof en]: (typeof en)[K] & Record<string, string> };
