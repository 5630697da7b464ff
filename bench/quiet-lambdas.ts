/**
 * Imported before the handlers: their structured logs and EMF metrics would bury the bench's table on
 * stdout. Warnings and errors still print.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
