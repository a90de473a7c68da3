"""iCalendar (RFC 5545) export: series as RRULE events, compact VTIMEZONEs, stable UIDs."""
