/** The admin API and what it stores (virtual keys, stored configs, gateway keys), end to end through the running gateway. */
package io.jetway.contract.admin;
