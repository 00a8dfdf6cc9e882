// Who is signed in (GET /api/me) and what their role lets the page offer. The page only hides what a role may
// not do; the services refuse it anyway.

const RANK = { reader: 1, editor: 2, admin: 3 };

let me = null;

export function current() {
  return me;
}

export function setCurrent(value) {
  me = value;
}

/** Whether the signed-in caller's role is at least `role` (reader < editor < admin). */
export function atLeast(role) {
  return !!me && (RANK[me.role] || 0) >= (RANK[role] || 99);
}
