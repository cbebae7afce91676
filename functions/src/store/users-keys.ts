/**
 * The keys of a user (users.ts keeps the user item and its accesses): `USER#<id>` / `R`, found by e-mail
 * on GSI1 (`EMAIL#<email>`), by city on GSI3 and by organisation on GSI4. The user's partition also holds
 * the user's audit entries and notifications (notifications.ts).
 */
export const userPk = (userId: string) => `USER#${userId}`;
export const emailKey = (email: string) => `EMAIL#${email.toLowerCase()}`;
/** GSI3PK: a city's users. */
export const usersOfCity = (cityId: string) => `CITY#${cityId}#USER`;
/** GSI4PK: an organisation's users. */
export const usersOfOrganisation = (orgId: string) => `ORG#${orgId}#USERS`;
