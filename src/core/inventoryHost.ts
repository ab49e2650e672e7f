// A host as an inventory names it, and the inventory's error: apart from the parser (and the YAML
// library it loads), so that what only names hosts does not load them (svctui status loads neither).
export class InventoryError extends Error {
  override name = 'InventoryError';
}

export interface InventoryHost {
  /** The name in the inventory (what the HOST column shows). */
  name: string;
  /** What ssh is given: [user@]host[:port]. */
  destination: string;
  groups: string[];
  /** ansible_become (true, yes, 1…) and ansible_become_user: act there through sudo as that user. */
  become?: { user?: string };
}
