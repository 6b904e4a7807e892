// distribution's notifications: POST application/vnd.docker.distribution.events.v1+json with
// {"events":[…]}. Only push and delete change what the index holds; pulls (and mounts, which a
// push's manifest PUT follows) are acknowledged and ignored.
import { z } from 'zod';
import type { IndexEvent } from './indexer.ts';

export const EVENTS_MEDIA_TYPE = 'application/vnd.docker.distribution.events.v1+json';

const eventSchema = z.object({
  id: z.string().min(1),
  timestamp: z.string(),
  action: z.string(),
  target: z
    .object({
      mediaType: z.string().optional(),
      digest: z.string().optional(),
      size: z.number().optional(),
      repository: z.string().optional(),
      tag: z.string().optional(),
    })
    .optional(),
  actor: z.object({ name: z.string().optional() }).optional(),
});

export const envelopeSchema = z.object({ events: z.array(eventSchema) });
export type NotificationEnvelope = z.infer<typeof envelopeSchema>;

const MANIFEST_TYPES = /manifest|image\.index|prettyjws/;

/** The events of an envelope the index applies. A blob push (no manifest) changes no manifest or tag. */
export function indexEvents(envelope: NotificationEnvelope): IndexEvent[] {
  const out: IndexEvent[] = [];
  for (const event of envelope.events) {
    const repository = event.target?.repository;
    if (!repository || (event.action !== 'push' && event.action !== 'delete')) continue;
    const parsed = Date.parse(event.timestamp);
    const at = Number.isNaN(parsed) ? Date.now() : parsed;
    const { digest, tag, mediaType } = event.target ?? {};
    if (event.action === 'push' && mediaType && !MANIFEST_TYPES.test(mediaType)) continue;
    const move = event.action === 'push' && tag && digest ? { repository, tag, digest, at, actor: event.actor?.name || null } : null;
    out.push({ id: event.id, repository, at, move });
  }
  return out;
}
