export {
  appointmentEvent,
  appointmentMinutes,
  calendarEvents,
  calendarName,
  calendarUid,
  cancelledAppointment,
  healingEvents,
  CALENDAR_EVENT_IDS,
  CALENDAR_UID_HOST,
  type CalendarEvent,
  type CalendarEventId,
  type CalendarFacts,
  type CalendarWhen,
} from './events';
export { CALENDAR_UPDATE } from './update-id';
