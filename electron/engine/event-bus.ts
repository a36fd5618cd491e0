import type { EngineEvent } from '@shared/api/events.js';

export type EventListener = (event: EngineEvent) => void;

/** Fan-out of engine events to every connected client. A failing listener never stops the rest. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('[steward] an event listener failed:', error);
      }
    }
  }
}
