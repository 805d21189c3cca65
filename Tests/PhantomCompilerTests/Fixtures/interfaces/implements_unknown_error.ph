// §9: implements of an unknown interface is an error
package .test;

class c implements nosuch { // expect error: not defined
};
