/** Live updates: the event bus fed by the database's commit notifications, and the server-sent-events route. */
export {
  EventBus,
  type EventListener,
  eventBusOf,
  eventsChannel,
  type HadoEvent,
  type HadoEventType,
  parseEvent,
} from './event-bus.ts';
export { type ContractRelation, eventVisibleTo } from './event-visibility.ts';
export { eventsRoutes } from './events.routes.ts';
