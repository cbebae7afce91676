/** The conversation, loaded after the record's page: its code stays out of the first load. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../api/types.ts';
import { hasRole } from '../session.ts';
import type { ConversationProps } from './conversation.tsx';

/** Who takes part in a record's conversation: the organisation's members and the city's staff. */
export const converses = (me: Me): boolean =>
  ['cso', 'city_officer', 'mayor_office'].some((role) => hasRole(me, role));

export function ConversationSlot(props: ConversationProps) {
  const [Loaded, setLoaded] = useState<ComponentType<ConversationProps> | null>(null);
  useEffect(() => {
    let live = true;
    void import('./conversation.tsx').then((m) => {
      if (live) setLoaded(() => m.Conversation);
    });
    return () => {
      live = false;
    };
  }, []);
  return Loaded ? <Loaded {...props} /> : null;
}
