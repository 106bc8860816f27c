/**
 * The one phone number rule (domain/phone.ts): E.164 shape, then a number libphonenumber-js knows
 * to exist, each refusal with the reason a clinic can act on.
 */
import { isPhoneNumber, PHONE_NUMBER_HINT, phoneNumberProblem, readablePhone } from '../../domain/phone';

describe('phone numbers', () => {
  it('accepts the fictional numbers the examples use, in real area codes', () => {
    for (const n of ['+12125550147', '+12125554477', '+13125559999', '+447911123456']) expect(phoneNumberProblem(n)).toBeUndefined();
  });

  it('refuses a number of the right shape that no country uses, saying why', () => {
    expect(phoneNumberProblem('+999999999999999')).toMatch(/^starts with a country code no country uses/);
    expect(phoneNumberProblem('+15550104477')).toMatch(/^is not a number in use under country code \+1 \(check the area code\)/);
    expect(phoneNumberProblem('+1212555014')).toMatch(/^has too few digits for a number under country code \+1/);
    expect(phoneNumberProblem('+121255501471')).toMatch(/^has too many digits for a number under country code \+1/);
    expect(isPhoneNumber('+999999999999999')).toBe(false);
  });

  it('refuses anything not in E.164 form with the form hint', () => {
    for (const n of ['12125550147', '+1 212 555 0147', '+0212555014', '', '+']) expect(phoneNumberProblem(n)).toBe(PHONE_NUMBER_HINT);
  });
});

describe('readable phone numbers', () => {
  it.each([
    ['+12125550147', 'US', '(212) 555-0147'],
    ['+12125550147', 'US-FL', '(212) 555-0147'],
    ['+12125550147', 'us', '(212) 555-0147'],
    ['+12125550147', 'CA', '+1 212 555 0147'], // across the North American plan the 1 is needed
    ['+12125550147', 'GB', '+1 212 555 0147'],
    ['+12125550147', undefined, '+1 212 555 0147'],
    ['+12125550147', 'ZZ', '+1 212 555 0147'],
    ['+447911123456', 'GB', '07911 123456'], // a mobile number the metadata files under Guernsey
    ['+442079460000', 'GB', '020 7946 0000'],
    ['+442079460000', 'FR', '+44 20 7946 0000'],
    ['+33123456789', 'FR', '01 23 45 67 89'],
  ])('%s read in %s => %s', (value, region, shown) => {
    expect(readablePhone(value, region)).toBe(shown);
  });

  it('leaves a value that is not a valid number as it was written', () => {
    for (const value of ['+15550104477', 'call the desk', '']) expect(readablePhone(value, 'US')).toBe(value);
  });
});
