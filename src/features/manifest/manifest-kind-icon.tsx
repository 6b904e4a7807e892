import type { LucideIcon } from 'lucide-react';
import Box from 'lucide-react/icons/box';
import Boxes from 'lucide-react/icons/boxes';
import FileBox from 'lucide-react/icons/file-box';
import FileCheck from 'lucide-react/icons/file-check';
import FileSignature from 'lucide-react/icons/file-signature';
import ShipWheel from 'lucide-react/icons/ship-wheel';
import type { ManifestKind } from '../../registry/manifests';

const ICONS: Record<ManifestKind, LucideIcon> = {
  'docker-image': Box,
  'oci-image': Box,
  'docker-schema1': Box,
  index: Boxes,
  'helm-chart': ShipWheel,
  signature: FileSignature,
  attestation: FileCheck,
  artifact: FileBox,
};

/** The icon of what a manifest holds (image, index, signature…); decorative: the label says it. */
export function ManifestKindIcon({ kind, className = 'size-3.5 shrink-0' }: { kind: ManifestKind; className?: string }) {
  const Icon = ICONS[kind];
  return <Icon aria-hidden="true" data-kind-icon={kind} className={className} />;
}
