// FIXME: send events in batches; one request per page view is too many.
export default function track(event: string): void {
  try {
    navigator.sendBeacon("/events", event);
  } catch (e) {
  }
}
