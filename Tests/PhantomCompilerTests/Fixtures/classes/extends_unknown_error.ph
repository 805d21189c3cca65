// §3.1: extends of an unknown class is an error
package .test;

class c extends nosuch { // expect error: not defined
};
