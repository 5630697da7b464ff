/**
 * Bodies the sandbox gateway answers with: IBResponse XML (success and error), the gateway's HTML error
 * page, and JSON; plus the small helpers that write them.
 */
import type { ServerResponse } from 'node:http';
import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true });

/** `<IBResponse type="success">` with a TransactionID. */
export function ibSuccess(transactionId: string): string {
  return `<?xml version="1.0"?>${builder.build({
    IBResponse: {
      '@_type': 'success',
      DefaultTitle: 'Integration Broker Response',
      StatusCode: 0,
      TransactionID: transactionId,
    },
  })}`;
}

export interface IbError {
  messageSet?: number | string;
  messageId?: number | string;
  message: string;
}

/** `<IBResponse type="error">` with MessageSet, MessageID and DefaultMessage. */
export function ibError(e: IbError): string {
  return `<?xml version="1.0"?>${builder.build({
    IBResponse: {
      '@_type': 'error',
      DefaultTitle: 'Integration Broker Response',
      StatusCode: 20,
      MessageSet: e.messageSet ?? 158,
      MessageID: e.messageId ?? 10001,
      DefaultMessage: e.message,
      MessageParameters: '',
    },
  })}`;
}

/** The HTML page a web server or gateway shows for an error status. */
export function htmlErrorPage(status: number, title: string): string {
  return `<!DOCTYPE html><html><head><title>${status} ${title}</title></head><body><h1>${title}</h1><p>The PeopleSoft Integration Gateway could not complete the request.</p></body></html>`;
}

/** Writes a body with its content type. */
export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Writes an IBResponse XML body. */
export function sendXml(res: ServerResponse, status: number, body: string): void {
  send(res, status, 'text/xml; charset=UTF-8', body);
}

/** Writes a JSON body. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=UTF-8', JSON.stringify(value));
}

/**
 * What PeopleTools answers, with HTTP 500, when the gateway refuses the password before any handler runs: a
 * SOAP Fault whose text carries the message catalog entry "(158,45)" and no MessageSet/MessageID elements.
 */
export function credentialFault(): string {
  return (
    '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">' +
    '<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode>' +
    '<faultstring>Integration Gateway - External System Contact Error: Password failed for user. (158,45)</faultstring>' +
    '<detail><IBResponse type="error"><DefaultTitle>Integration Broker Response</DefaultTitle><StatusCode>20</StatusCode>' +
    '<DefaultMessage>Password failed for user. (158,45)</DefaultMessage></IBResponse></detail>' +
    '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>'
  );
}
