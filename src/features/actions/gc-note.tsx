/** Deleting on distribution only unlinks: the bytes stay until the registry's garbage collection runs. */
export function GcNote() {
  return (
    <span>
      Disk space is freed only by the registry&apos;s garbage collection: <code className="font-mono">registry garbage-collect &lt;config.yml&gt;</code>.
    </span>
  );
}
