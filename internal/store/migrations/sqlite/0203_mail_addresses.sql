-- Addresses of the organisation that route new mail to a department
-- (store/mail_addresses.go). address is lowercased: a local part
-- ("factures", at every mail domain) or a whole address
-- ("factures@example.com", that domain only, preferred over the local part).
-- Mail to an address not listed goes to the department whose slug is its
-- local part, else to the front desk.
CREATE TABLE mail_addresses (
    id            INTEGER PRIMARY KEY,
    address       TEXT NOT NULL UNIQUE,
    department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL
);
CREATE INDEX mail_addresses_department ON mail_addresses (department_id);
