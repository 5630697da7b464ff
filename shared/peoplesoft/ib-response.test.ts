import { describe, expect, it } from 'vitest';
import { isCredentialFailure, parseIbResponse, peopleSoftFailure } from './ib-response.ts';

describe('parseIbResponse', () => {
  it('reads a success with its TransactionID', () => {
    const body = `<IBResponse type="success"><DefaultTitle>Integration Broker Response</DefaultTitle>
      <StatusCode>0</StatusCode><TransactionID>NODE.SERVICE_OPERATION.92</TransactionID></IBResponse>`;
    expect(parseIbResponse(body)).toEqual({
      type: 'success',
      statusCode: '0',
      transactionId: 'NODE.SERVICE_OPERATION.92',
    });
  });

  it('reads an error with its message set, id and text', () => {
    const body = `<?xml version="1.0"?>
      <IBResponse type="error"><DefaultTitle>Integration Broker Response</DefaultTitle><StatusCode>20</StatusCode>
      <MessageSet>158</MessageSet><MessageID>10001</MessageID>
      <DefaultMessage>PO 0000079262 is closed &amp; cannot be received</DefaultMessage>
      <MessageParameters></MessageParameters></IBResponse>`;
    expect(parseIbResponse(body)).toEqual({
      type: 'error',
      statusCode: '20',
      messageSet: '158',
      messageId: '10001',
      message: 'PO 0000079262 is closed & cannot be received',
    });
  });

  it('finds the IBResponse inside a SOAP fault', () => {
    const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
      <soapenv:Fault><faultcode>soapenv:Server</faultcode><detail>
      <IBResponse type="error"><StatusCode>20</StatusCode><MessageID>45</MessageID><MessageSet>158</MessageSet>
      <DefaultMessage>User password failed. (158,45)</DefaultMessage></IBResponse>
      </detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
    expect(parseIbResponse(body)).toMatchObject({
      type: 'error',
      messageId: '45',
      message: 'User password failed. (158,45)',
    });
  });

  it('returns undefined for HTML pages, empty bodies, JSON and broken XML', () => {
    expect(parseIbResponse('<html><body>Gateway Timeout</body></html>')).toBeUndefined();
    expect(parseIbResponse('')).toBeUndefined();
    expect(parseIbResponse('{"status":"success"}')).toBeUndefined();
    expect(parseIbResponse('<IBResponse type="success"><TransactionID>1</IBResponse>')).toBeUndefined();
  });
});

describe('PeopleSoft failures in 500 bodies', () => {
  it('reads a SOAP Fault and takes the message numbers from "(158,45)" in its text', () => {
    const soap =
      '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>' +
      '<SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>Password failed for user. (158,45)</faultstring>' +
      '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>';
    const f = peopleSoftFailure(soap);
    expect(f).toEqual({ message: 'Password failed for user. (158,45)', messageSet: '158', messageId: '45' });
    expect(isCredentialFailure(f!)).toBe(true);
  });

  it('fills MessageSet/MessageID of an IBResponse from its text when the elements are missing', () => {
    const ib =
      '<IBResponse type="error"><StatusCode>20</StatusCode><DefaultMessage>Authentication failed (158,45)</DefaultMessage></IBResponse>';
    expect(parseIbResponse(ib)).toMatchObject({ type: 'error', messageSet: '158', messageId: '45' });
  });

  it('does not take a gateway failure for a credential one', () => {
    const gateway = peopleSoftFailure(
      '<IBResponse type="error"><MessageSet>158</MessageSet><MessageID>10623</MessageID><DefaultMessage>Integration Gateway timeout.</DefaultMessage></IBResponse>',
    );
    expect(isCredentialFailure(gateway!)).toBe(false);
    expect(peopleSoftFailure('<html><body>502 Bad Gateway</body></html>')).toBeUndefined();
  });
});
