/**
 * The one phone number rule (domain/phone.ts): E.164 shape, then a number libphonenumber-js knows
 * to exist, each refusal with the reason a clinic can act on.
 */
import { isPhoneNumber, PHONE_NUMBER_HINT, phoneNumberProblem } from '../../domain/phone';

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
