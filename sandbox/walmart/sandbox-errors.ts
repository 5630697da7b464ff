/**
 * Error bodies in the three shapes Walmart uses, so clients meet all of them:
 * gateway `{"error":[…]}`, service `{"errors":{"error":[…]}}`, and the documented newer `{"errors":[…]}`.
 */

export interface SandboxError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Entry {
  code: string;
  field?: string;
  description: string;
  info?: string;
  severity?: 'INFO' | 'WARN' | 'ERROR';
  category?: 'APPLICATION' | 'SYSTEM' | 'REQUEST' | 'DATA';
}

function entry(e: Entry) {
  return {
    code: e.code,
    field: e.field ?? e.code.split('.')[0],
    description: e.description,
    info: e.info ?? e.description,
    severity: e.severity ?? 'ERROR',
    category: e.category ?? 'DATA',
    causes: [],
    errorIdentifiers: {},
  };
}

/** Gateway shape: auth, headers, throttling, routing. */
export function gatewayError(status: number, e: Entry): SandboxError {
  return { status, body: { error: [entry(e)] } };
}

/** Service shape: what the orders, inventory and feed services answer. */
export function serviceError(status: number, e: Entry): SandboxError {
  return { status, body: { errors: { error: [entry(e)] } } };
}

/** The newer documented shape (used by the sandbox for inventory validation errors). */
export function flatError(status: number, e: Entry): SandboxError {
  return {
    status,
    body: {
      errors: [
        {
          code: e.code,
          message: e.description,
          category: e.category ?? 'DATA',
          severity: e.severity ?? 'ERROR',
          ...(e.field ? { field: e.field } : {}),
        },
      ],
    },
  };
}

export const unauthorized = (): SandboxError =>
  gatewayError(401, {
    code: 'UNAUTHORIZED.GMP_GATEWAY_API',
    field: 'UNAUTHORIZED',
    description: 'Unauthorized',
    info: 'Unauthorized token or incorrect authorization header. Please verify correct format: "Authorization: Basic Base64Encode(clientId:clientSecret)" For more information, see https://developer.walmart.com/#/apicenter/marketPlace/latest#apiAuthentication.',
  });

export const invalidToken = (): SandboxError =>
  gatewayError(400, {
    code: 'INVALID_TOKEN.GMP_GATEWAY_API',
    field: 'INVALID_TOKEN',
    description: 'Token is invalid or expired',
  });

export const missingHeader = (header: string): SandboxError =>
  gatewayError(400, {
    code: 'INVALID_REQUEST_HEADER.GMP_GATEWAY_API',
    field: header,
    description: `${header} set blank or null`,
    info: 'One or more request headers are invalid.',
  });

export const invalidParam = (component: string, field: string, description: string): SandboxError =>
  serviceError(400, { code: `INVALID_REQUEST_PARAM.${component}`, field, description, category: 'DATA' });

export const notFound = (component: string, description: string, field?: string): SandboxError =>
  serviceError(404, {
    code: `CONTENT_NOT_FOUND.${component}`,
    ...(field ? { field } : {}),
    description,
    info: 'Requested content could not be found.',
    severity: 'INFO',
    category: 'APPLICATION',
  });

export const throttled = (): SandboxError =>
  gatewayError(429, {
    code: 'REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API',
    field: 'REQUEST_THRESHOLD_VIOLATED',
    description: 'Too many requests',
    info: 'The request rate exceeds the limit of this API; wait for the next replenish time.',
    category: 'REQUEST',
  });

/** A server-side failure: 503 comes bare from the edge, others as service bodies. */
export function serverError(status: number, component: string): SandboxError {
  if (status === 503)
    return { status, body: 'Service Unavailable', headers: { 'content-type': 'text/plain' } };
  const code = status === 504 ? 'DOWNSTREAM_SYSTEM_TIME_OUT' : 'SYSTEM_ERROR';
  return serviceError(status, {
    code: `${code}.${component}`,
    description: status === 504 ? 'Downstream system timed out' : 'Internal system error',
    category: 'SYSTEM',
  });
}
