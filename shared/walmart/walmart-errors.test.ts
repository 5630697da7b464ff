import { describe, expect, it } from 'vitest';
import { errorDetailsFromText, parseErrorBody, WalmartApiError } from './walmart-errors.ts';

const call = {
  endpoint: 'orders',
  method: 'GET',
  path: '/v3/orders',
  correlationId: 'b3261d2d-028a-4ef7-8602-633c23200af6',
};

describe('parseErrorBody', () => {
  it('reads the gateway shape {"error":[…]}', () => {
    expect(
      parseErrorBody({
        error: [
          {
            code: 'INVALID_REQUEST_HEADER.GMP_GATEWAY_API',
            field: 'WM_QOS.CORRELATION_ID',
            description: 'WM_QOS.CORRELATION_ID set blank or null',
            info: 'One or more request headers are invalid.',
            severity: 'ERROR',
            category: 'DATA',
            causes: [],
            errorIdentifiers: {},
          },
        ],
      }),
    ).toEqual([
      {
        code: 'INVALID_REQUEST_HEADER.GMP_GATEWAY_API',
        field: 'WM_QOS.CORRELATION_ID',
        description: 'WM_QOS.CORRELATION_ID set blank or null',
        info: 'One or more request headers are invalid.',
        severity: 'ERROR',
        category: 'DATA',
      },
    ]);
  });

  it('reads the service shape {"errors":{"error":[…]}}', () => {
    expect(
      parseErrorBody({
        errors: {
          error: [
            { code: 'CONTENT_NOT_FOUND.GMP_ORDER_API', description: 'Orders not found', severity: 'INFO' },
          ],
        },
      }),
    ).toEqual([
      { code: 'CONTENT_NOT_FOUND.GMP_ORDER_API', description: 'Orders not found', severity: 'INFO' },
    ]);
  });

  it('reads the documented newer shape {"errors":[…]} with message', () => {
    expect(
      parseErrorBody({
        errors: [{ code: 'INVALID_REQUEST_PARAM', message: 'bad sku', field: 'sku', category: 'DATA' }],
      }),
    ).toEqual([{ code: 'INVALID_REQUEST_PARAM', description: 'bad sku', field: 'sku', category: 'DATA' }]);
  });

  it('accepts a lone object instead of a list and skips entries without a code', () => {
    expect(parseErrorBody({ errors: { error: { code: 'X' } } })).toEqual([{ code: 'X' }]);
    expect(parseErrorBody({ error: [{ description: 'no code' }, null, 3] })).toEqual([]);
    expect(parseErrorBody(null)).toEqual([]);
    expect(parseErrorBody('text')).toEqual([]);
  });
});

describe('errorDetailsFromText', () => {
  it('falls back to the bare status for HTML, text or empty bodies', () => {
    expect(errorDetailsFromText('<html><body>Bad gateway</body></html>', 502, 'Bad Gateway')).toEqual([
      { code: 'HTTP_502', description: 'Bad Gateway' },
    ]);
    expect(errorDetailsFromText('', 503)).toEqual([{ code: 'HTTP_503' }]);
    expect(errorDetailsFromText('{not json', 500)).toEqual([{ code: 'HTTP_500' }]);
  });

  it('reads XML error bodies', () => {
    const xml =
      '<?xml version="1.0"?><ns2:errors xmlns:ns2="http://walmart.com/"><ns2:error><ns2:code>CONTENT_NOT_FOUND.GMP_ORDER_API</ns2:code><ns2:field>none</ns2:field><ns2:description>Orders not found</ns2:description></ns2:error></ns2:errors>';
    expect(errorDetailsFromText(xml, 404)).toEqual([
      { code: 'CONTENT_NOT_FOUND.GMP_ORDER_API', field: 'none', description: 'Orders not found' },
    ]);
  });

  it('keeps info, severity and category of an XML error as of a JSON one', () => {
    const xml =
      '<errors><error><code>DATA_ERROR.GMP_INVENTORY_API</code><field>sku</field><description>Invalid SKU</description>' +
      '<info>SKU not found</info><severity>ERROR</severity><category>DATA</category></error></errors>';
    const json = JSON.stringify({
      errors: [
        {
          code: 'DATA_ERROR.GMP_INVENTORY_API',
          field: 'sku',
          description: 'Invalid SKU',
          info: 'SKU not found',
          severity: 'ERROR',
          category: 'DATA',
        },
      ],
    });
    expect(errorDetailsFromText(xml, 400)).toEqual(errorDetailsFromText(json, 400));
    expect(errorDetailsFromText(xml, 400)[0]).toMatchObject({
      info: 'SKU not found',
      severity: 'ERROR',
      category: 'DATA',
    });
  });

  it('truncates long descriptions instead of dumping them', () => {
    const [d] = errorDetailsFromText(
      JSON.stringify({ error: [{ code: 'X', description: 'y'.repeat(5_000) }] }),
      400,
    );
    expect(d!.description!.length).toBeLessThanOrEqual(301);
  });
});

describe('WalmartApiError', () => {
  it('says what failed, where, and how to trace it', () => {
    const e = new WalmartApiError(call, 400, [
      {
        code: 'INVALID_REQUEST_PARAM.GMP_ORDER_API',
        field: 'limit',
        description: 'limit must be at most 200',
      },
    ]);
    expect(e.name).toBe('WalmartApiError');
    expect(e.message).toBe(
      'Walmart GET /v3/orders failed with HTTP 400 INVALID_REQUEST_PARAM.GMP_ORDER_API (field limit): ' +
        'limit must be at most 200 [correlation id b3261d2d-028a-4ef7-8602-633c23200af6]',
    );
    expect(e.code).toBe('INVALID_REQUEST_PARAM.GMP_ORDER_API');
    expect(e.field).toBe('limit');
    expect(e.retryable).toBe(false);
    expect(new WalmartApiError(call, 503, [{ code: 'HTTP_503' }]).retryable).toBe(true);
  });

  it('does not repeat a gateway field that only echoes the code', () => {
    const e = new WalmartApiError(call, 401, [
      { code: 'UNAUTHORIZED.GMP_GATEWAY_API', field: 'UNAUTHORIZED', description: 'Unauthorized' },
    ]);
    expect(e.message).not.toContain('(field UNAUTHORIZED)');
  });
});
